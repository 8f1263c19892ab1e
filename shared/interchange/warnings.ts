/**
 * Recoverable oddities found while reading a file (a coding clipped, a code reference unknown),
 * grouped so that a thousand clipped codings make one line rather than a thousand.
 */
const EXAMPLES = 3;

export class Warnings {
  private readonly groups = new Map<string, { count: number; examples: string[] }>();

  /**
   * Records one occurrence. `what` states the kind in the plural ("codings after the end of their
   * document were clipped"); `example` identifies this one.
   */
  add(what: string, example?: string): void {
    const group = this.groups.get(what) ?? { count: 0, examples: [] };
    group.count += 1;
    if (example !== undefined && group.examples.length < EXAMPLES) group.examples.push(example);
    this.groups.set(what, group);
  }

  /** One line per kind: "what: count (e.g. a; b)". */
  list(): string[] {
    return [...this.groups].map(([what, { count, examples }]) =>
      examples.length > 0 ? `${what}: ${count} (e.g. ${examples.join('; ')})` : `${what}: ${count}`,
    );
  }
}
