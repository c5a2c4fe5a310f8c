/**
 * The `edp` command line: parses the command name and hands the rest to the command.
 * Commands are imported lazily so `edp test-pattern` does not load the AWS SDK.
 */
import { describeError, EXIT, UsageError, type ExitCode } from "./errors.ts";
import type { CliIO, Command } from "./commands/types.ts";

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: {
    summary: "Render every environment as Flux would and check it before merge",
    load: async () => (await import("./commands/validate.ts")).validateCommand,
  },
  "test-pattern": {
    summary: "Test an event against an EventBridge pattern offline (exit 0 match, 1 no match, 2 invalid)",
    load: async () => (await import("./commands/test-pattern.ts")).testPatternCommand,
  },
  sync: {
    summary: "Upload exactly what changed to an environment's bucket, trigger scripts last",
    load: async () => (await import("./commands/sync.ts")).syncCommand,
  },
  schemas: {
    summary: "Generate strict JSON Schemas (kubeconform layout) from CRDs",
    load: async () => (await import("./commands/schemas.ts")).schemasCommand,
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: edp <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run 'edp <command> --help' for a command's options.",
    "Exit codes: 0 ok, 1 findings or failed run, 2 usage or internal error.",
  ].join("\n");
}

export async function main(argv: string[], io: CliIO): Promise<ExitCode> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout.write(helpText() + "\n");
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const entry = COMMANDS[name];
    if (!entry) {
      throw new UsageError(`edp: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(", ")}.`);
    }
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(command.usage.trimEnd() + "\n");
      return EXIT.ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    const { message, exitCode } = describeError(error);
    // Every message says which command it is about, however deep it was raised.
    const prefixed =
      name !== undefined && name in COMMANDS && !message.startsWith("edp")
        ? `edp ${name}: ${message}`
        : message;
    io.stderr.write(`${prefixed}\n`);
    if (exitCode === EXIT.usage && io.env.EDP_DEBUG && error instanceof Error)
      io.stderr.write(`${error.stack}\n`);
    return exitCode;
  }
}

/** The real process's IO. */
export function processIO(): CliIO {
  // `edp sync --plan | head`: a reader that goes away is not an error of ours, and must not stop
  // a sync between phases. Later output is dropped; the command finishes with its own exit code.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    cwd: process.cwd(),
    env: process.env,
  };
}
