// Builds the plugin (main.js, what Obsidian loads) or, with `tests`, the test files.
import { readdirSync } from "node:fs";
import esbuild from "esbuild";

// Provided by Obsidian (and Electron) at run time, never bundled.
const provided = ["obsidian", "electron"];

// In tests, `obsidian` and `electron` are the fakes in test/fake/, built once each and shared
// by every import (so `instanceof` checks hold across the plugin and the tests).
const useFakes = {
  name: "use-fakes",
  setup(build) {
    build.onResolve({ filter: /^(obsidian|electron)$|\/fake\/(obsidian|electron)$/ }, (args) => {
      const name = args.path.endsWith("electron") ? "electron" : "obsidian";
      return { path: `./fake-${name}.cjs`, external: true };
    });
  },
};

const common = { bundle: true, format: "cjs", platform: "node", target: "es2020", logLevel: "warning" };

if (process.argv[2] === "tests") {
  const tests = readdirSync("test").filter((name) => name.endsWith(".test.ts"));
  await esbuild.build({
    ...common,
    entryPoints: tests.map((name) => `test/${name}`),
    outdir: "build-test",
    outExtension: { ".js": ".cjs" },
    plugins: [useFakes],
  });
  await esbuild.build({
    ...common,
    entryPoints: { "fake-obsidian": "test/fake/obsidian.ts", "fake-electron": "test/fake/electron.ts" },
    outdir: "build-test",
    outExtension: { ".js": ".cjs" },
  });
} else {
  await esbuild.build({
    ...common,
    entryPoints: ["src/main.ts"],
    outfile: "main.js",
    external: provided,
    banner: { js: "/* plainheal for Obsidian: built from obsidian-plugin/src; MIT licensed. */" },
  });
}
