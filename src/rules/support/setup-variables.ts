/*
 * The variables of a setup as Fluent Bit applies them: the rules, the
 * invariants and the container walk (deploy/config-graph.ts) share one
 * implementation, in deploy/variables.ts (deploy comes before rules).
 */
export { setupVariables, type SetupVariables, type VariableDefinition, type VariableSource } from '../../deploy/variables.js';
