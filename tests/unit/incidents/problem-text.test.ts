import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";

import { MESSAGES } from "@/lib/i18n/messages";
import { inEnglish, type ProblemKey } from "@/lib/incidents/problem-text";

const KEYS = Object.keys(MESSAGES.en.IncidentProblem) as ProblemKey[];
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();

describe("problems in words", () => {
  it("words each problem in English as next-intl does, Microsoft's words after it", () => {
    const english = createTranslator({ locale: "en", messages: MESSAGES.en, namespace: "IncidentProblem" });
    for (const key of KEYS) {
      const values = Object.fromEntries(placeholders(MESSAGES.en.IncidentProblem[key]).map((name) => [name, `<${name}>`]));
      expect(inEnglish({ key, values, detail: "Microsoft says no." })).toBe(`${english(key, values)} Microsoft says no.`);
    }
    expect(inEnglish({ detail: "Incident 7 was not found." })).toBe("Incident 7 was not found.");
  });

  it("has the same values in every sentence in Dutch", () => {
    for (const key of KEYS) expect(placeholders(MESSAGES.nl.IncidentProblem[key]), key).toEqual(placeholders(MESSAGES.en.IncidentProblem[key]));
  });
});
