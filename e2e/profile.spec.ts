import { expect, test } from "./support/test";
import sharp from "sharp";
import { formAlert, PASSWORD, signIn, signUp, uniqueUsername } from "./support/accounts";

test("a user edits their profile, sets a picture, then deletes their account", async ({ page }) => {
  const username = uniqueUsername("profile");
  await signUp(page, username);
  await page.getByRole("button", { name: `Account menu for ${username}` }).click();
  await page.getByRole("menuitem", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { name: "Profile" })).toBeVisible();

  await page.getByLabel("Display name").fill("Ada L.");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();
  await expect(page.getByRole("button", { name: "Account menu for Ada L." })).toBeVisible();

  const picture = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#7c3aed" } }).png().toBuffer();
  await page.getByLabel("Picture file").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: picture });
  await expect(page.getByText("Picture updated")).toBeVisible();
  const avatar = page.getByRole("img", { name: "Your profile picture" });
  await expect(avatar).toHaveAttribute("src", /^\/api\/avatars\/usr_[\w-]+\?v=[0-9a-f]{16}$/);
  const served = await page.request.get((await avatar.getAttribute("src")) ?? "");
  expect(served.headers()["content-type"]).toBe("image/webp");
  expect((await sharp(await served.body()).metadata()).width).toBe(256);

  const notAnImage = Buffer.from("%PDF-1.7 this is not a picture");
  await page.getByLabel("Picture file").setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: notAnImage });
  await expect(page.getByText(/not an image Coterie can read/)).toBeVisible();

  await page.getByRole("button", { name: "Delete my account…" }).click();
  await page.getByLabel("Your password, to confirm").fill("wrong password entirely");
  await page.getByRole("button", { name: "Delete forever" }).click();
  await expect(page.getByText("That password is not right.")).toBeVisible();
  await page.getByLabel("Your password, to confirm").fill(PASSWORD);
  await page.getByRole("button", { name: "Delete forever" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await signIn(page, username);
  await expect(formAlert(page)).toHaveText("Wrong username or password.");
});
