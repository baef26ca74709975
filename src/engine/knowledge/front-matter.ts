import { parseYamlCached as parseYaml } from "../../common/yaml-cache.ts";

/** Splits "---\n<yaml>\n---\n<body>" into its parsed YAML and its body. */
export function splitFrontMatter(content: string): { data: unknown; body: string } | { problem: string } {
  const normalized = content.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const match = /^---\n([\s\S]*?)\n---(?:\n|$)([\s\S]*)$/.exec(normalized);
  if (!match) return { problem: 'must start with a front matter block between two "---" lines' };
  try {
    return { data: parseYaml(match[1] ?? ""), body: (match[2] ?? "").trim() };
  } catch (error) {
    return { problem: `front matter is not valid YAML: ${(error as Error).message}` };
  }
}
