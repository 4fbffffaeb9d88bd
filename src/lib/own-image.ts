/**
 * A user's picture as the page may show it: only one Coterie serves itself (a path on this origin, such as an
 * uploaded avatar). A remote address, such as the avatar URL an OAuth provider reports at sign-up, is left out,
 * since pages load no images from other hosts (img-src) and it would tell that host who looked.
 */
export function ownImageOrNull(src: string | null): string | null {
  // "/x" is this origin; "//host" and "/\host" are another host to a browser.
  return src && /^\/(?![/\\])/.test(src) ? src : null;
}
