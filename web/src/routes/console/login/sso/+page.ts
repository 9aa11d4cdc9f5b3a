// No client runtime: the page only moves on to the identity provider.
export const csr = false;
