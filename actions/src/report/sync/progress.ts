/**
 * Progress sinks: a redrawn bar for a terminal, periodic plain lines for CI logs (where a bar
 * would print thousands of carriage returns).
 */
import { formatBytes } from "./counts.ts";
import type { Clock, ProgressSink } from "../../sync/types.ts";

const BAR_WIDTH = 24;

export function terminalProgress(stream: NodeJS.WritableStream, clock: Clock): ProgressSink {
  let name = "";
  let total = 0;
  let doneCount = 0;
  let bytes = 0;
  let lastDraw = 0;
  let drawn = false;
  const draw = (force: boolean) => {
    const now = clock.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const filled = total === 0 ? BAR_WIDTH : Math.round((doneCount / total) * BAR_WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
    stream.write(`\r\x1b[2K${bar} ${doneCount}/${total} ${formatBytes(bytes)}  ${name}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) stream.write("\r\x1b[2K");
    drawn = false;
  };
  return {
    phase(phaseName, phaseTotal) {
      name = phaseName;
      total = phaseTotal;
      doneCount = 0;
      draw(true);
    },
    advance(_key, n) {
      doneCount++;
      bytes += n;
      draw(doneCount === total);
    },
    message(text) {
      clear();
      stream.write(`${text}\n`);
    },
    done() {
      clear();
    },
  };
}

/** One line when a phase starts and ends, and at most one per `intervalMs` in between. */
export function lineProgress(
  writeLine: (line: string) => void,
  clock: Clock,
  intervalMs = 5000,
): ProgressSink {
  let name = "";
  let total = 0;
  let doneCount = 0;
  let bytes = 0;
  let last = 0;
  let lastMessage = "";
  return {
    phase(phaseName, phaseTotal) {
      name = phaseName;
      total = phaseTotal;
      doneCount = 0;
      last = clock.now();
      writeLine(`${name}: ${total} object(s)`);
    },
    advance(_key, n) {
      doneCount++;
      bytes += n;
      const now = clock.now();
      if (doneCount === total)
        writeLine(`${name}: ${doneCount}/${total} done (${formatBytes(bytes)} so far)`);
      else if (now - last >= intervalMs) {
        last = now;
        writeLine(`${name}: ${doneCount}/${total} (${formatBytes(bytes)} so far)`);
      }
    },
    message(text) {
      // Waits repeat the same message every poll: print it when it changes, or once a minute.
      const now = clock.now();
      if (text !== lastMessage || now - last >= 60_000) {
        writeLine(text);
        lastMessage = text;
        last = now;
      }
    },
    done() {},
  };
}
