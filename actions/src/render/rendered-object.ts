/** A rendered document as the object checks see: parsed once, able to locate its fields in the sources. */
import type { RenderedObject } from "../model/manifest.ts";
import { ORIGIN_ANNOTATION, type RawDoc } from "./kustomize-output.ts";
import { inDocument, makeLocator, type LocateContext } from "./locate.ts";
import { parseWithoutPositions, type SourceCache } from "./yaml-source.ts";

export interface ObjectContext {
  environment: string;
  kustomization: string;
  cache: SourceCache;
  /** Another object of the same environment, for fields replacements copy from it. */
  sibling: LocateContext["sibling"];
}

/** `text` is the document after substitution (or doc.text itself, to see it before). */
export function toRenderedObject(doc: RawDoc, text: string, ctx: ObjectContext): RenderedObject {
  const { cache } = ctx;
  let value: Record<string, unknown>;
  try {
    value = (parseWithoutPositions(text) ?? {}) as Record<string, unknown>;
  } catch {
    value = {};
  }
  const meta = (value.metadata ?? {}) as Record<string, unknown>;
  const annotations = meta.annotations as Record<string, unknown> | undefined;
  if (annotations && ORIGIN_ANNOTATION in annotations) {
    delete annotations[ORIGIN_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete meta.annotations;
  }
  const object: RenderedObject = {
    environment: ctx.environment,
    kustomization: ctx.kustomization,
    apiVersion: typeof value.apiVersion === "string" ? value.apiVersion : doc.apiVersion,
    kind: typeof value.kind === "string" ? value.kind : doc.kind,
    name: typeof meta.name === "string" ? meta.name : doc.name,
    namespace: typeof meta.namespace === "string" ? meta.namespace : doc.namespace,
    object: value,
    origin: doc.origin?.file ?? null,
    locate: () => ({ file: doc.origin?.file ?? "", line: null }),
  };
  if (doc.direct) {
    const { file, index } = doc.direct;
    object.locate = (p) => {
      const source = cache.get(file);
      const d = source?.documents[index];
      return source && d ? inDocument(source, d.doc, p) : { file, line: null };
    };
  } else {
    object.locate = makeLocator({
      cache,
      top: doc.top,
      origin: doc.origin,
      object: { kind: object.kind, name: object.name, value },
      sibling: ctx.sibling,
    });
  }
  return object;
}
