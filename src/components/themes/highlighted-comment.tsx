import { highlightSegments } from "@/lib/text/highlight";

/** A comment as text (React escapes it) with the theme's keywords marked. */
export function HighlightedComment({ text, keywords }: { text: string; keywords: readonly string[] }) {
  return (
    <>
      {highlightSegments(text, keywords).map((segment, index) =>
        segment.hit ? (
          <mark key={index} className="rounded bg-amber-200 px-0.5 text-slate-950" data-testid="highlight">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
