/**
 * Validators compiled ahead of time and bundled with edp. Empty here, in the source tree (tests
 * and `tsx` compile at run time); `npm run build` replaces this module with the index that
 * build/write-precompiled.ts generates, so the bundled CLI and action skip compiling what has not changed since.
 */
import type { PrecompiledModule, PrecompiledSchemas } from "./types.ts";

/** Schema file in schemas/ → its validator, used only while the file has the same bytes. */
export const PRECOMPILED_SCHEMAS: PrecompiledSchemas = {};

/** asl-validator's state machine schema (fixed by the package version edp is built with). */
export const PRECOMPILED_ASL: PrecompiledModule | null = null;
