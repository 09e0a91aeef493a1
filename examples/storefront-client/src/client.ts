// A small GraphQL client over fetch that speaks automatic persisted queries (Apollo's APQ):
// it sends the SHA-256 of a document first, and the document itself only when the server
// answers PersistedQueryNotFound. Queries go over GET (a CDN may keep anonymous catalogue
// answers), mutations over POST.
import { createHash } from "node:crypto";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { Kind, type OperationTypeNode, print } from "graphql";

export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export class GraphQLRequestError extends Error {
  constructor(
    readonly operationName: string,
    readonly status: number,
    readonly errors: GraphQLErrorEntry[],
  ) {
    super(`${operationName}: HTTP ${status}: ${errors.map((e) => e.message).join("; ")}`);
  }
}

/** What one HTTP exchange did, so that callers (and tests) can see the protocol at work. */
export interface Exchange {
  operationName: string;
  method: "GET" | "POST";
  sentQuery: boolean;
  status: number;
  cacheControl: string | null;
  persistedQueryNotFound: boolean;
}

export interface ClientOptions {
  url: string;
  language?: string;
  token?: string;
}

interface Prepared {
  name: string;
  kind: OperationTypeNode;
  query: string;
  sha256Hash: string;
}

interface Body {
  data?: unknown;
  errors?: GraphQLErrorEntry[];
}

const NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND";

export class StorefrontClient {
  readonly exchanges: Exchange[] = [];
  private readonly prepared = new WeakMap<object, Prepared>();

  constructor(private readonly options: ClientOptions) {}

  async request<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    const operation = this.prepare(document);
    const viaGet = operation.kind === "query";
    let body = await this.send(operation, variables, { viaGet, sendQuery: false });
    if (body.errors?.some((error) => error.extensions?.code === NOT_FOUND)) {
      // Registered with a POST: the full text does not belong in a URL.
      body = await this.send(operation, variables, { viaGet: false, sendQuery: true });
    }
    return body.data as TResult;
  }

  private prepare(document: TypedDocumentNode<unknown, never>): Prepared {
    const known = this.prepared.get(document);
    if (known) return known;
    const definition = document.definitions.find(
      (node) => node.kind === Kind.OPERATION_DEFINITION,
    );
    if (!definition || definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) {
      throw new Error("A document holds one named operation.");
    }
    const query = print(document);
    const prepared = {
      name: definition.name.value,
      kind: definition.operation,
      query,
      sha256Hash: createHash("sha256").update(query, "utf8").digest("hex"),
    };
    this.prepared.set(document, prepared);
    return prepared;
  }

  private async send(
    operation: Prepared,
    variables: Record<string, unknown>,
    { viaGet, sendQuery }: { viaGet: boolean; sendQuery: boolean },
  ): Promise<Body> {
    const extensions = { persistedQuery: { version: 1, sha256Hash: operation.sha256Hash } };
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Accept-Language": this.options.language ?? "vi",
    };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    let response: Response;
    if (viaGet) {
      const url = new URL(this.options.url);
      url.searchParams.set("operationName", operation.name);
      url.searchParams.set("variables", JSON.stringify(variables));
      url.searchParams.set("extensions", JSON.stringify(extensions));
      if (sendQuery) url.searchParams.set("query", operation.query);
      response = await fetch(url, { headers });
    } else {
      headers["Content-Type"] = "application/json";
      const payload = {
        operationName: operation.name,
        variables,
        extensions,
        ...(sendQuery ? { query: operation.query } : {}),
      };
      response = await fetch(this.options.url, {
        method: "POST",
        headers,
        body: JSON.stringify(payload),
      });
    }
    const body = (await response.json()) as Body;
    const notFound = body.errors?.some((e) => e.extensions?.code === NOT_FOUND) ?? false;
    this.exchanges.push({
      operationName: operation.name,
      method: viaGet ? "GET" : "POST",
      sentQuery: sendQuery,
      status: response.status,
      cacheControl: response.headers.get("cache-control"),
      persistedQueryNotFound: notFound,
    });
    if (body.errors?.length && !(notFound && !sendQuery)) {
      throw new GraphQLRequestError(operation.name, response.status, body.errors);
    }
    return body;
  }
}
