/** Finding things by location in a parsed definition, for mapping findings to JSON paths. */
import { isRecord, type JsonPath } from "./values.ts";

export interface Visit {
  path: JsonPath;
  key: string | number | undefined;
  value: unknown;
}

/** Every node of `root` in document order, the root first. */
export function* walk(root: unknown, path: JsonPath = []): Generator<Visit> {
  yield { path, key: path[path.length - 1], value: root };
  if (Array.isArray(root)) {
    for (let i = 0; i < root.length; i += 1) yield* walk(root[i], [...path, i]);
  } else if (isRecord(root)) {
    for (const [key, value] of Object.entries(root)) yield* walk(value, [...path, key]);
  }
}

/** Location of every object named `States`, i.e. every (nested) state machine, in document order. */
export function statesContainers(root: unknown): Visit[] {
  return [...walk(root)].filter((v) => v.key === "States" && isRecord(v.value));
}

/** Where the state called `name` is defined; `occurrence` 1 is its second definition. */
export function statePath(root: unknown, name: string, occurrence = 0): JsonPath | null {
  const found = statesContainers(root).filter((v) => Object.hasOwn(v.value as object, name));
  const hit = found[occurrence] ?? found[0];
  return hit ? [...hit.path, name] : null;
}

/** Decodes a JSON pointer (`/States/A~1B/Branches/0`) against the document, so array indexes become numbers. */
export function pointerToPath(root: unknown, pointer: string): JsonPath {
  if (pointer === "") return [];
  const path: JsonPath = [];
  let node = root;
  for (const token of pointer.slice(1).split("/")) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return path;
}

/** The longest prefix of `path` that exists in `root` (a validator may point at fields it added). */
export function existingPrefix(root: unknown, path: JsonPath): JsonPath {
  const out: JsonPath = [];
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === "number" && segment < node.length) node = node[segment];
    else if (isRecord(node) && typeof segment === "string" && Object.hasOwn(node, segment))
      node = node[segment];
    else break;
    out.push(segment);
  }
  return out;
}
