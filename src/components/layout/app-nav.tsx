"use client";

import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { NavLink } from "./nav-link";

export type AppNavItem = { href: string; label: string };

/**
 * The app's main navigation. From the `lg` breakpoint up the links sit in the header; below it (phones,
 * narrow windows) they collapse behind one menu button (aria-expanded / aria-controls, Escape closes and returns
 * focus to the button), and the panel also holds `tools` (language, sign out) and `account` (who is signed in).
 * Both navs are named "Main" in every language, as before (only one of them is displayed at a time).
 */
export function AppNav({
  items,
  tools,
  account,
  labels,
}: {
  items: AppNavItem[];
  tools: ReactNode;
  account: ReactNode;
  labels: { open: string; close: string };
}) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);

  // A followed link closes the menu (the layout stays mounted across navigations).
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <>
      <nav className="hidden flex-wrap gap-1 lg:flex" aria-label="Main">
        {items.map((item) => (
          <NavLink key={item.href} href={item.href}>
            {item.label}
          </NavLink>
        ))}
      </nav>
      <div className="ml-auto hidden items-center gap-3 lg:flex">
        <span className="text-xs text-slate-600" data-testid="signed-in-as">
          {account}
        </span>
        {tools}
      </div>
      <button
        ref={buttonRef}
        type="button"
        className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 lg:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        data-testid="menu-button"
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5h14M3 10h14M3 15h14" />}
        </svg>
        {open ? labels.close : labels.open}
      </button>
      <div id={panelId} hidden={!open} className="w-full border-t border-slate-200 pt-3 lg:hidden" data-testid="menu-panel">
        <nav className="flex flex-col gap-1" aria-label="Main">
          {items.map((item) => (
            <NavLink key={item.href} href={item.href}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3">
          <span className="w-full text-xs text-slate-600">{account}</span>
          {tools}
        </div>
      </div>
    </>
  );
}
