/** English messages of import housekeeping (deleting a pending upload, expiry, interrupted runs); import-cleanup.zh-cn.ts must define the same keys. */
export const importCleanupEn = {
  "imports.recent.actions": "Actions",
  "imports.recent.expiry": "Uploads that wait for their column mapping are deleted after 24 hours.",
  "imports.delete.button": "Delete",
  "imports.delete.pending": "Deleting…",
  "imports.delete.confirm": "Delete the upload “{file}”? Nothing has been imported from it.",
  "imports.delete.error.notFound": "This import no longer exists.",
  "imports.delete.error.started": "This import has started: only an upload waiting for its mapping can be deleted.",
  "imports.delete.error.forbidden": "Only admins and owners can delete imports.",
  "imports.delete.error.failed": "The upload could not be deleted. Try again.",
  "contacts.import.error.interrupted":
    "The import was interrupted: the server stopped while it ran. The rows counted above were imported and are kept. Upload the file again to import the rest; rows already imported are not doubled.",
} as const;
