// `npm run docs`: writes docs/rules.md and the README's rule table from the rule catalog.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RULES_DOC, rulesDocument, withRuleTable } from "../src/report/validate/rules-doc.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
writeFileSync(path.join(root, RULES_DOC), rulesDocument());
const readme = path.join(root, "README.md");
writeFileSync(readme, withRuleTable(readFileSync(readme, "utf8")));
console.log(`wrote ${RULES_DOC} and the README's rule table`);
