/** The portal's mark (public/logo.svg), beside its name: decorative. */
export function Logo() {
  // A plain <img>: next/image sets an inline style, which the content security policy refuses.
  // eslint-disable-next-line @next/next/no-img-element
  return <img src="/logo.svg" alt="" width={24} height={24} />;
}
