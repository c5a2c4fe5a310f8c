import { defineRule } from "../../rule.ts";
import { allKustomizations, kustomizationKey as key } from "./kustomizations.ts";

export default defineRule({
  id: "flux/substitute-dependency",
  severity: "error",
  scope: "environment",
  title:
    "A Kustomization substitutes from a ConfigMap another Kustomization creates, without depending on it",
  help: "Add the producing Kustomization to dependsOn (directly or through another dependency): Flux builds Kustomizations in parallel unless told otherwise (https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies).",
  check: ({ env }, report) => {
    const all = allKustomizations(env);
    const byKey = new Map(all.map((k) => [key(k.namespace, k.name), k]));
    // The root applies every child Kustomization together with its own objects: no order needed.
    const root = env.root?.name ?? "flux-system";
    const dependencies = (start: (typeof all)[number]): Set<string> => {
      const seen = new Set<string>();
      const queue = [...start.dependsOn];
      while (queue.length > 0) {
        const d = queue.shift()!;
        const id = key(d.namespace, d.name);
        if (seen.has(id)) continue;
        seen.add(id);
        queue.push(...(byKey.get(id)?.dependsOn ?? []));
      }
      return seen;
    };
    for (const k of all) {
      if (k.substituteFrom.length === 0) continue;
      let closure: Set<string> | null = null;
      for (const from of k.substituteFrom) {
        const producers = env.objects.filter(
          (o) =>
            o.kind === from.kind &&
            o.name === from.name &&
            (o.namespace ?? k.namespace) === k.namespace &&
            o.kustomization !== k.name &&
            o.kustomization !== root,
        );
        for (const producer of new Set(producers.map((o) => o.kustomization))) {
          closure ??= dependencies(k);
          if (closure.has(key(k.namespace, producer))) continue;
          report(
            k.object.locate(["spec", "postBuild", "substituteFrom", from.index]),
            `substituteFrom ${from.kind} '${from.name}' is created by Kustomization ${producer}, which ${k.name} does not depend on: Flux may build ${k.name} first and fail (or substitute nothing); add dependsOn: [{name: ${producer}}]`,
            k.object,
          );
        }
      }
    }
  },
});
