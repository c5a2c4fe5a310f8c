/**
 * asl-validator's state machine schema compiled ahead of time (about 0.3 s saved on the first
 * definition a run checks). Its formats are functions, so the code refers to them through the
 * same ASL_FORMATS object the run-time Ajv registers.
 */
import { fileURLToPath } from "node:url";
import { _ } from "ajv";
import { aslStateMachineValidator, createAslAjv } from "../asl/asl-validator.ts";
import { standaloneModule } from "./standalone.ts";

export function precompileAsl(): string {
  const ajv = createAslAjv({ code: { source: true, esm: true, formats: _`__edpAslFormats` } });
  const formatsModule = fileURLToPath(new URL("../asl/asl-formats.ts", import.meta.url));
  return standaloneModule(ajv, aslStateMachineValidator(ajv), "asl-validator's state-machine.json", [
    `import { ASL_FORMATS as __edpAslFormats } from ${JSON.stringify(formatsModule)};`,
  ]);
}
