/** Baton's own tables live in this schema of DATABASE_URL, so a `data` agent's tables never meet them. */
export const BATON_SCHEMA = 'baton';
