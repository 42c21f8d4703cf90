// ESLint for the frontend (ui/src) and the end-to-end tests (tests/), run from the
// repository root: `scripts/lint/node_modules/.bin/eslint -c scripts/lint/eslint.config.mjs`.
import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Generated (ts-rs bindings, build output) or vendored: not ours to lint.
  { ignores: ["ui/src/bindings/**", "ui/dist/**", "**/node_modules/**", "tests/artifacts/**"] },
  {
    files: ["ui/src/**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    files: ["tests/**/*.mjs"],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
