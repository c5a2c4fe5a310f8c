/** S3 URLs as Spark and EMR on EKS write them, and the ones hidden in spark-submit parameters. */

export interface S3Location {
  bucket: string;
  key: string;
}

/** `s3://bucket/key` (or s3a/s3n); null for anything else (local://, relative paths). */
export function parseS3Url(url: string): S3Location | null {
  const m = /^s3[an]?:\/\/([^/\s]+)\/?(\S*)$/.exec(url.trim());
  return m ? { bucket: m[1] ?? "", key: m[2] ?? "" } : null;
}

/** Every S3 URL inside a free-form argument such as `--input=s3://b/in/`. */
export function s3UrlsIn(text: string): string[] {
  return text.match(/s3[an]?:\/\/[^\s,;'"]+/g) ?? [];
}

export const POD_TEMPLATE_PROPERTIES = [
  "spark.kubernetes.driver.podTemplateFile",
  "spark.kubernetes.executor.podTemplateFile",
];

// Spark properties that list files Spark downloads for the job, and their spark-submit flags.
export const DEPENDENCY_PROPERTIES: Record<string, string> = {
  "spark.submit.pyFiles": "--py-files",
  "spark.files": "--files",
  "spark.archives": "--archives",
  "spark.jars": "--jars",
};
const DEPENDENCY_FLAGS = new Set(Object.values(DEPENDENCY_PROPERTIES));

export interface SparkSubmitReference {
  /** `--py-files`, `--conf spark.kubernetes.driver.podTemplateFile`, … */
  option: string;
  url: string;
  podTemplate: boolean;
}

/** The files a SparkSubmitParameters string makes Spark fetch: dependency lists and pod templates. */
export function sparkSubmitReferences(parameters: string): SparkSubmitReference[] {
  const tokens = tokenize(parameters);
  const refs: SparkSubmitReference[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? "";
    const eq = token.indexOf("=");
    const [flag, inlineValue] =
      token.startsWith("--") && eq > 0 ? [token.slice(0, eq), token.slice(eq + 1)] : [token, null];
    if (!DEPENDENCY_FLAGS.has(flag) && flag !== "--conf") continue;
    const value = inlineValue ?? tokens[i + 1];
    if (inlineValue === null) i += 1;
    if (value === undefined) continue;
    if (flag === "--conf") {
      const sep = value.indexOf("=");
      const property = value.slice(0, sep);
      if (sep < 0) continue;
      const option = `--conf ${property}`;
      if (POD_TEMPLATE_PROPERTIES.includes(property))
        refs.push({ option, url: value.slice(sep + 1), podTemplate: true });
      else if (property in DEPENDENCY_PROPERTIES)
        refs.push(...listUrls(value.slice(sep + 1), option, property === "spark.archives"));
    } else {
      refs.push(...listUrls(value, flag, flag === "--archives"));
    }
  }
  return refs;
}

// Comma-separated; archives may be renamed with `#alias`.
function listUrls(list: string, option: string, archives: boolean): SparkSubmitReference[] {
  return list
    .split(",")
    .map((item) => (archives ? item.replace(/#[^#]*$/, "") : item).trim())
    .filter((url) => url !== "")
    .map((url) => ({ option, url, podTemplate: false }));
}

/** Whitespace-separated words; single or double quotes group. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current: string | null = null;
  let quote: string | null = null;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
      else current = (current ?? "") + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current ??= "";
    } else if (/\s/.test(c)) {
      if (current !== null) tokens.push(current);
      current = null;
    } else {
      current = (current ?? "") + c;
    }
  }
  if (current !== null) tokens.push(current);
  return tokens;
}
