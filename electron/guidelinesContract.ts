/**
 * The project's guidelines document (electron/contract.ts extends ApiMethods with it): Markdown
 * kept in the project (the `guidelines` setting), shown beside the text and edited in the window.
 */

/** The guidelines of the project: empty Markdown when none were written or imported. */
export interface Guidelines {
  markdown: string;
  /** The file it was last imported from (its name only), or null when written in the window. */
  source: string | null;
  /** When it was last changed (ISO 8601), or null when never. */
  updatedAt: string | null;
}

export interface GuidelinesMethods {
  'guidelines.get': { args: Record<string, never>; result: Guidelines };
  /** Replace the guidelines (at most a million characters); `source`: the file's name when imported. */
  'guidelines.set': { args: { markdown: string; source?: string }; result: Guidelines };
}
