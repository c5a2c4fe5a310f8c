/** What the build generates in place of precompiled/validators.ts (see build/write-precompiled.ts). */

/** A module holding a validator compiled ahead of time (its default export). */
export interface PrecompiledModule {
  load: () => Promise<{ default: unknown }>;
}

/** A schema's precompiled validator (build/precompile-schemas.ts) and the SHA-256 of the bytes it came from. */
export interface PrecompiledSchema extends PrecompiledModule {
  sha256: string;
}

/** Schema file (POSIX path relative to the schemas folder) → its precompiled validator. */
export type PrecompiledSchemas = Readonly<Record<string, PrecompiledSchema>>;
