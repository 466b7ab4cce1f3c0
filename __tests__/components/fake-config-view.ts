// Moved to support/config-view.ts; components/docker/*.test.ts still import it from here.
export * from '../support/config-view';
