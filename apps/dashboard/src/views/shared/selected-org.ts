/** The shell's org selection, re-exported for the operations screens (one import site to follow). */
export { selectOrg, selectedOrg } from '../../stores/org-selection';
