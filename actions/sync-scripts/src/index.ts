/** Entry of the bundled action (dist/index.js): everything else is in main.ts. */
import { run } from "./main.ts";

await run();
