/** Process entry of the `edp` CLI (bundled to actions/dist/edp.js; bin/edp.js loads that). */
import { main, processIO } from "./cli.ts";

process.exitCode = await main(process.argv.slice(2), processIO());
