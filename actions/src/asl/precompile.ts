/**
 * asl-validator's state machine schema compiled ahead of time (about 0.3 s saved on the first
 * definition a run checks). Its formats are functions, so the code refers to them through the
 * same ASL_FORMATS object the run-time Ajv registers.
 */
import { fileURLToPath } from "node:url";
import { _ } from "ajv";
import { standaloneModule } from "../precompiled/standalone.ts";
import { aslStateMachineValidator, createAslAjv } from "./asl-validator.ts";

export function precompileAsl(): string {
  const ajv = createAslAjv({ code: { source: true, esm: true, formats: _`__edpAslFormats` } });
  const formatsModule = fileURLToPath(new URL("./asl-formats.ts", import.meta.url));
  return standaloneModule(ajv, aslStateMachineValidator(ajv), "asl-validator's state-machine.json", [
    `import { ASL_FORMATS as __edpAslFormats } from ${JSON.stringify(formatsModule)};`,
  ]);
}
