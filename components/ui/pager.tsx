import Link from "next/link";

/** Previous / "Page 2 of 9" / Next, as links that keep every other search parameter. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center gap-3 text-sm">
      {page > 1 && (
        <Link href={href(page - 1)} className="text-blue-700 underline">
          Previous
        </Link>
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && (
        <Link href={href(page + 1)} className="text-blue-700 underline">
          Next
        </Link>
      )}
    </nav>
  );
}
