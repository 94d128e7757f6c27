/** The catalogue check connectors run on their drafts (the same one the projector runs on what it reads). */
export { canonicalProblems } from '../../src/domain/catalogue/validation';
