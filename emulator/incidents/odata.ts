// The slice of OData v4 URL conventions the incident APIs accept. Messages are the ones OData's
// ASP.NET stack (behind both Microsoft APIs) produces, so a client sees the same explanations.

/** A refused query option; each API wraps the message in its own error body. */
export class ODataQueryError extends Error {
  override name = "ODataQueryError";
}

export type FieldType = { kind: "string" } | { kind: "dateTime" } | { kind: "enum"; typeName: string; members: readonly string[] };

export interface QueryField<T> {
  type: FieldType;
  /** Strings and enum members as strings, times as epoch milliseconds. */
  read(item: T): string | number | null;
}

export interface QuerySchema<T> {
  /** e.g. microsoft.graph.security.incident */
  typeName: string;
  /** Every property of the type; those outside `filterable` exist but cannot be filtered on. */
  properties: readonly string[];
  filterable: Record<string, QueryField<T>>;
}

type Token = { kind: "open" | "close" | "comma" | "end"; at: number } | { kind: "word" | "string" | "dateTime" | "number"; text: string; at: number };
type Literal = { type: "Edm.String"; value: string; enumType?: string } | { type: "Edm.DateTimeOffset"; value: number } | { type: "Edm.Int32" | "Edm.Boolean"; value: string } | { type: "null" };

const OPERATORS: Record<string, string> = { eq: "Equal", ne: "NotEqual", gt: "GreaterThan", ge: "GreaterThanOrEqual", lt: "LessThan", le: "LessThanOrEqual" };
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/i;

/** Graph's evolvable enums: members listed after this sentinel are "unknown" to clients that did not opt in. */
export const UNKNOWN_FUTURE_VALUE = "unknownFutureValue";

interface FilterOptions {
  /** The client sent `Prefer: include-unknown-enum-members`. */
  includeUnknownEnumMembers?: boolean;
}

/** Parses $filter into a predicate: comparisons of a property with a literal, joined by and/or and parentheses. */
export function parseFilter<T>(filter: string, schema: QuerySchema<T>, options: FilterOptions = {}): (item: T) => boolean {
  const parser = new FilterParser(filter, schema, options);
  return parser.parse();
}

class FilterParser<T> {
  private readonly tokens: Token[];
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly schema: QuerySchema<T>,
    private readonly options: FilterOptions,
  ) {
    this.tokens = tokenize(text);
  }

  parse(): (item: T) => boolean {
    const predicate = this.or();
    if (this.peek().kind !== "end") this.syntaxError(this.peek().at);
    return predicate;
  }

  private or(): (item: T) => boolean {
    let left = this.and();
    while (this.isWord("or")) {
      this.position++;
      const [a, b] = [left, this.and()];
      left = (item) => a(item) || b(item);
    }
    return left;
  }

  private and(): (item: T) => boolean {
    let left = this.primary();
    while (this.isWord("and")) {
      this.position++;
      const [a, b] = [left, this.primary()];
      left = (item) => a(item) && b(item);
    }
    return left;
  }

  private primary(): (item: T) => boolean {
    const token = this.next();
    if (token.kind === "open") {
      const inner = this.or();
      if (this.next().kind !== "close") this.syntaxError(this.tokens[this.position - 1].at);
      return inner;
    }
    if (token.kind !== "word") return this.syntaxError(token.at);
    if (token.text === "not") throw new ODataQueryError(notAllowed("Logical operator 'Not'", "AllowedLogicalOperators"));
    if (this.peek().kind === "open") throw new ODataQueryError(notAllowed(`Function '${token.text}'`, "AllowedFunctions"));
    return this.comparison(token.text);
  }

  private comparison(property: string): (item: T) => boolean {
    const field = this.field(property);
    const operatorToken = this.next();
    if (operatorToken.kind !== "word" || !Object.hasOwn(OPERATORS, operatorToken.text)) return this.syntaxError(operatorToken.at);
    const operator = operatorToken.text;
    const literal = this.literal();
    const expected = literalTypeOf(field.type);
    if (literal.type === "null") return (item) => compare(field.read(item), null, operator);
    if (field.type.kind === "enum" && literal.type === "Edm.String") {
      const members = field.type.members;
      if (literal.enumType !== undefined && literal.enumType !== field.type.typeName) throw incompatible(field.type.typeName, literal.enumType, operator);
      const rank = members.indexOf(literal.value);
      const sentinel = members.indexOf(UNKNOWN_FUTURE_VALUE);
      const hidesUnknown = sentinel >= 0 && !this.options.includeUnknownEnumMembers;
      // The evolvable-enum pattern: without the opt-in, a member after the sentinel cannot be named
      // (400), and a value after it equals the sentinel (as it is shown); ordering uses the real order.
      if (rank < 0 || (hidesUnknown && rank > sentinel)) throw new ODataQueryError(`The string '${literal.value}' is not a valid enumeration type constant.`);
      const equality = operator === "eq" || operator === "ne";
      return (item) => {
        const itemRank = members.indexOf(String(field.read(item)));
        return compare(hidesUnknown && equality && itemRank > sentinel ? sentinel : itemRank, rank, operator);
      };
    }
    if (literal.type !== expected || (literal.type === "Edm.String" && literal.enumType !== undefined)) {
      throw incompatible(expected, literal.type === "Edm.String" && literal.enumType ? literal.enumType : literal.type, operator);
    }
    const value = literal.value;
    return (item) => compare(field.read(item), value, operator);
  }

  private field(property: string): QueryField<T> {
    if (Object.hasOwn(this.schema.filterable, property)) return this.schema.filterable[property];
    if (this.schema.properties.includes(property)) throw new ODataQueryError(`The property '${property}' cannot be used in the $filter query option.`);
    throw new ODataQueryError(`Could not find a property named '${property}' on type '${this.schema.typeName}'.`);
  }

  private literal(): Literal {
    const token = this.next();
    switch (token.kind) {
      case "string":
        return { type: "Edm.String", value: token.text };
      case "dateTime":
        return { type: "Edm.DateTimeOffset", value: Date.parse(token.text) };
      case "number":
        return { type: "Edm.Int32", value: token.text };
      case "word":
        if (token.text === "null") return { type: "null" };
        if (token.text === "true" || token.text === "false") return { type: "Edm.Boolean", value: token.text };
        // A typed enum literal: microsoft.graph.security.incidentStatus'active'
        if (this.peek().kind === "string" && this.peek().at === token.at + token.text.length) {
          return { type: "Edm.String", value: (this.next() as { text: string }).text, enumType: token.text };
        }
        return this.syntaxError(token.at);
      default:
        return this.syntaxError(token.at);
    }
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === "word" && token.text === word;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== "end") this.position++;
    return token;
  }

  private syntaxError(at: number): never {
    throw new ODataQueryError(`Syntax error at position ${at} in '${this.text}'.`);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const fail = (position: number): never => {
    throw new ODataQueryError(`Syntax error at position ${position} in '${text}'.`);
  };
  while (at < text.length) {
    const rest = text.slice(at);
    const char = text[at];
    if (/\s/.test(char)) {
      at++;
    } else if (char === "(" || char === ")" || char === ",") {
      tokens.push({ kind: char === "(" ? "open" : char === ")" ? "close" : "comma", at });
      at++;
    } else if (char === "'") {
      // OData escapes a quote inside a string literal by doubling it.
      const match = /^'((?:[^']|'')*)'/.exec(rest) ?? fail(at);
      tokens.push({ kind: "string", text: match[1].replace(/''/g, "'"), at });
      at += match[0].length;
    } else if (DATE_TIME.test(rest)) {
      const match = DATE_TIME.exec(rest) ?? fail(at);
      if (Number.isNaN(Date.parse(match[0]))) fail(at);
      tokens.push({ kind: "dateTime", text: match[0], at });
      at += match[0].length;
    } else if (/^-?\d/.test(rest)) {
      const match = /^-?\d+(\.\d+)?/.exec(rest) ?? fail(at);
      tokens.push({ kind: "number", text: match[0], at });
      at += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][\w.]*/.exec(rest) ?? fail(at);
      tokens.push({ kind: "word", text: match[0], at });
      at += match[0].length;
    } else {
      fail(at);
    }
  }
  tokens.push({ kind: "end", at: text.length });
  return tokens;
}

function literalTypeOf(type: FieldType): string {
  return type.kind === "dateTime" ? "Edm.DateTimeOffset" : type.kind === "enum" ? type.typeName : "Edm.String";
}

function incompatible(left: string, right: string, operator: string): ODataQueryError {
  return new ODataQueryError(
    `A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind '${OPERATORS[operator]}'.`,
  );
}

function notAllowed(what: string, setting: string): string {
  return `${what} is not allowed. To allow it, set the '${setting}' property on EnableQueryAttribute or QueryValidationSettings.`;
}

// OData's null rules: null equals only null, and ordering comparisons with null are false.
function compare(left: string | number | null, right: string | number | null, operator: string): boolean {
  if (operator === "eq") return left === right;
  if (operator === "ne") return left !== right;
  if (left === null || right === null) return false;
  if (operator === "gt") return left > right;
  if (operator === "ge") return left >= right;
  if (operator === "lt") return left < right;
  return left <= right;
}

/** Parses $orderby: comma-separated `property [asc|desc]` over the sortable properties. */
export function parseOrderBy<T>(orderBy: string, schema: QuerySchema<T>, sortable: Record<string, (item: T) => number>): (a: T, b: T) => number {
  const keys = orderBy.split(",").map((clause) => {
    const match = /^\s*([A-Za-z_]\w*)(?:\s+(asc|desc))?\s*$/.exec(clause);
    if (!match) throw new ODataQueryError(`Syntax error at position 0 in '${orderBy}'.`);
    const [, property, direction] = match;
    if (!Object.hasOwn(sortable, property)) {
      if (schema.properties.includes(property)) throw new ODataQueryError(notAllowed(`Order by '${property}'`, "AllowedOrderByProperties"));
      throw new ODataQueryError(`Could not find a property named '${property}' on type '${schema.typeName}'.`);
    }
    return { read: sortable[property], sign: direction === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const key of keys) {
      const difference = key.read(a) - key.read(b);
      if (difference !== 0) return difference * key.sign;
    }
    return 0;
  };
}

/**
 * Refuses system query options (those starting with $) outside `supported`. `optionName` is how the
 * API's message names the option: the two APIs spell some differently.
 */
export function checkQueryOptions(params: URLSearchParams, supported: ReadonlySet<string>, optionName: (name: string) => string): void {
  for (const name of params.keys()) {
    if (name.startsWith("$") && !supported.has(name)) throw new ODataQueryError(notAllowed(`Query option '${optionName(name)}'`, "AllowedQueryOptions"));
  }
}

/** Reads $top or $skip: a non-negative integer, or undefined when absent. */
export function nonNegativeInteger(params: URLSearchParams, option: "$top" | "$skip"): number | undefined {
  const value = params.get(option);
  if (value === null) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw new ODataQueryError(`Invalid value '${value}' for ${option} query option found. The ${option} query option requires a non-negative integer value.`);
  }
  return Number(value.trim());
}

/** Refuses $top above the API's page size limit, in OData's words. */
export function checkTopLimit(top: number | undefined, limit: number): void {
  if (top !== undefined && top > limit) {
    throw new ODataQueryError(`The limit of '${limit}' for Top query has been exceeded. The value from the incoming request is '${top}'.`);
  }
}
