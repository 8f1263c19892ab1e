# Concord server image. Multi-stage: dependencies are built (better-sqlite3 is a native addon) in a
# full image, and only the runtime files are copied into the slim one.

FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# The web client is bundled with the dev dependencies, which the runtime image leaves out.
FROM node:20-bookworm AS client
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY client ./client
COPY shared ./shared
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY cli ./cli
COPY server ./server
COPY shared ./shared
COPY --from=client /app/client/dist ./client/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Signals reach node directly (no npm wrapper), so SIGTERM triggers the graceful shutdown.
CMD ["node", "--import", "tsx", "server/main.ts"]
