/** punycode.js (Mathias Bynens) ships no types; only what Kanon uses is declared. */
declare module "punycode.js" {
  const punycode: {
    /** Decodes the `xn--` labels of a domain (or the domain of an address); other labels are kept. */
    toUnicode(domain: string): string;
    toASCII(domain: string): string;
  };
  export default punycode;
}
