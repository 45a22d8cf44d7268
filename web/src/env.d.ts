// esbuild bundles the stylesheet imported by main.tsx into its own file; the import has no value.
declare module "*.css";
