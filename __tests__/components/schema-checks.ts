// Moved to support/schema-checks.ts; components/docker/*.test.ts still import it from here.
export * from '../support/schema-checks';
