"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * The settings tab row: wraps on wide screens; on a phone one row that scrolls sideways (a dozen tabs would
 * otherwise take half the screen), with the current tab scrolled into view.
 */
export function SettingsTabs({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    const nav = ref.current;
    const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !current || nav.scrollWidth <= nav.clientWidth) return;
    const left = current.offsetLeft - nav.offsetLeft;
    if (left < nav.scrollLeft || left + current.offsetWidth > nav.scrollLeft + nav.clientWidth) {
      nav.scrollLeft = Math.max(0, left - (nav.clientWidth - current.offsetWidth) / 2);
    }
  }, [pathname]);
  return (
    <nav
      ref={ref}
      className="-mx-4 mb-6 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-slate-200 px-4 pb-2 [scrollbar-width:thin] sm:mx-0 sm:flex-wrap sm:overflow-visible sm:whitespace-normal sm:px-0"
      aria-label={label}
      data-testid="settings-tabs"
    >
      {children}
    </nav>
  );
}
