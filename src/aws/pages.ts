import { PaginationError } from '../errors';

/**
 * Every page of a NextToken listing. A token seen before (an endpoint looping) or more than
 * `maxPages` pages end the listing with a PaginationError instead of calling EC2 forever.
 */
export async function* pages<Page extends { NextToken?: string | undefined }>(
  operation: string,
  fetch: (nextToken: string | undefined) => Promise<Page>,
  maxPages: number,
): AsyncGenerator<Page> {
  const seen = new Set<string>();
  let nextToken: string | undefined;
  for (let count = 1; ; count += 1) {
    const page = await fetch(nextToken);
    yield page;
    nextToken = page.NextToken || undefined;
    if (nextToken === undefined) return;
    if (seen.has(nextToken)) {
      throw new PaginationError(
        `${operation}: NextToken '${nextToken.slice(0, 40)}' came back twice; stopped`,
      );
    }
    if (count >= maxPages) throw new PaginationError(`${operation}: more than ${maxPages} pages; stopped`);
    seen.add(nextToken);
  }
}

/** Every item of every page of a listing, in order. */
export async function allItems<Page, Item>(
  listing: AsyncIterable<Page>,
  itemsOf: (page: Page) => readonly Item[] | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  // One push per item: a spread of a large page could pass the engine's argument limit.
  for await (const page of listing) for (const item of itemsOf(page) ?? []) all.push(item);
  return all;
}
