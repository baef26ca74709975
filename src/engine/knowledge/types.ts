/** The knowledge base once loaded and checked: what the engine answers from. */

export interface Source {
  id: string;
  kind: "article" | "update";
  title: string;
  outlet: string;
  author: string;
  /** Event or publication date, YYYY-MM-DD. */
  date: string;
  url?: string;
  /** Path relative to the knowledge directory, for messages. */
  file: string;
  /** Paragraphs in order; paragraph n (1-based) is paragraphs[n - 1]. Boilerplate lines are kept for numbering but flagged. */
  paragraphs: Paragraph[];
}

export interface Paragraph {
  number: number;
  text: string;
  isBoilerplate: boolean;
}

/** One sentence of a source: the unit the passage index searches and cites. */
export interface Passage {
  id: string;
  sourceId: string;
  paragraph: number;
  sentence: number;
  text: string;
}

export interface FaqCitation {
  sourceId: string;
  quote: string;
  paragraph: number;
}

export interface FaqEntry {
  id: string;
  topic: string;
  questions: string[];
  answer: string;
  citations: FaqCitation[];
  /** The entry that answers a question naming only the visit itself. */
  overview?: boolean;
  /** Its answer says the article does not give this fact: a refusal, not an answer. */
  unanswered?: boolean;
}

export interface FaqTopic {
  id: string;
  label: string;
}

export interface Knowledge {
  sources: Source[];
  passages: Passage[];
  topics: FaqTopic[];
  faq: FaqEntry[];
  lexicon: { synonyms: string[][]; spellings: Record<string, string>; event: string[]; frames: string[] };
}
