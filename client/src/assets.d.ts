/**
 * What Vite adds to modules it bundles: `import.meta.glob`, and files imported as their URL
 * (`?url`), e.g. PDF.js's worker and standard fonts.
 */
/// <reference types="vite/client" />
