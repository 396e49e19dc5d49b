// Builds the front-end into rapidreview/static_build/ from the pinned npm packages.
// Run by `make` after `npm ci`; the output is not committed.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "rapidreview", "static_build");
const nm = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(root, "assets", "scss", "application.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  loadPaths: [root],
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "css", "application.css"), result.css);

const govuk = join(nm, "govuk-frontend", "dist", "govuk");
// Images and manifest only: the GDS Transport font files are GOV.UK's own.
cpSync(join(govuk, "assets", "images"), join(out, "govuk", "assets", "images"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
const mojDist = join(nm, "@ministryofjustice", "frontend", "moj");
cpSync(join(mojDist, "moj-frontend.min.js"), join(out, "js", "moj-frontend.min.js"));
// MoJ Frontend's compiled styles name GDS Transport; use our font stack instead.
const mojCss = readFileSync(join(mojDist, "moj-frontend.min.css"), "utf8").replaceAll(
  /"?GDS Transport"?,arial,sans-serif/g,
  'system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif',
)
  .replaceAll("url(/assets/images/", "url(/static/moj/assets/images/")
  .replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");
writeFileSync(join(out, "css", "moj-frontend.css"), mojCss);
cpSync(join(mojDist, "assets"), join(out, "moj", "assets"), { recursive: true });
cpSync(join(nm, "htmx.org", "dist", "htmx.min.js"), join(out, "js", "htmx.min.js"));
console.log("Built front-end assets into", out);
