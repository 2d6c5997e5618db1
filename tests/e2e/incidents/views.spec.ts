import { expect, test } from "@playwright/test";

import { signInAs } from "../support/sign-in";

test("an analyst saves the queue's filters as a shared view and opens the queue with it; a colleague uses it but cannot remove it", async ({ page, browser }) => {
  await signInAs(page, "Sam Analyst", "/incidents?range=180d&severity=high&status=active");
  const views = page.getByRole("region", { name: "Saved views" });
  await views.getByText("Save these filters as a view").click();
  await views.getByLabel("Name").fill("Active highs");
  await views.getByLabel("Share with colleagues").check();
  await views.getByRole("button", { name: "Save view" }).click();
  await expect(views.getByRole("status")).toHaveText("Saved “Active highs”.");
  const saved = views.getByRole("link", { name: "Active highs" });
  await expect(saved).toHaveAttribute("aria-current", "true");
  await expect(saved).toHaveAttribute("href", "/incidents?severity=high&status=active&range=180d");

  // Made the default: the queue, opened from the menu, opens with it.
  await views.getByRole("listitem").filter({ hasText: "Active highs" }).getByRole("button", { name: "Open with this" }).click();
  await expect(views.getByText("default", { exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Incidents" }).click();
  await expect(page).toHaveURL(/\/incidents\?severity=high&status=active&range=180d$/);
  await expect(page.getByRole("group", { name: /^Severity/ }).getByLabel("High")).toBeChecked();

  // A reader sees it as shared by its owner, uses it, and has no way to remove it.
  const colleague = await browser.newContext({ ignoreHTTPSErrors: true });
  const reader = await colleague.newPage();
  await signInAs(reader, "Rory Reader", "/incidents");
  const theirs = reader.getByRole("region", { name: "Saved views" }).getByRole("listitem").filter({ hasText: "Active highs" });
  await expect(theirs).toContainText("shared by Sam Analyst");
  await expect(theirs.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await theirs.getByRole("link", { name: "Active highs" }).click();
  await expect(reader).toHaveURL(/severity=high&status=active/);

  // Its owner removes it: gone for both, and the queue opens bare again.
  await views.getByRole("listitem").filter({ hasText: "Active highs" }).getByRole("button", { name: "Remove" }).click();
  await expect(views.getByRole("link", { name: "Active highs" })).toHaveCount(0);
  await reader.reload();
  await expect(reader.getByRole("region", { name: "Saved views" }).getByRole("link", { name: "Active highs" })).toHaveCount(0);
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/incidents$/);
  await colleague.close();
});
