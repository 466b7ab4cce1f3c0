// Function family placeholder: filled in by the family owner; registers itself via registerFamily.
export {};
