/** Files Vite bundles as they are and imports as their URL (`?url`), e.g. PDF.js's worker. */
declare module '*?url' {
  const url: string;
  export default url;
}
