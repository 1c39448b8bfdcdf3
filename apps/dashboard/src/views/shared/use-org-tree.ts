import { computed } from 'vue';
import { loadOrgTree, orgTree } from '../../stores/org-selection';
import { findOrg, schoolsUnder } from '../../stores/org-tree';

/** The shell's org tree (loaded once per session) with the lookups the operations screens need. */
export function useOrgTree() {
  void loadOrgTree();
  return {
    root: orgTree,
    /** The name of `code`, or the code itself while the tree is not there. */
    nameOf: (code: string | null | undefined) => (code ? (findOrg(orgTree.value, code)?.name ?? code) : ''),
    find: (code: string | null) => findOrg(orgTree.value, code),
    /** The schools at or under `code` (null: the whole scope). */
    schoolsUnder: (code: string | null) =>
      schoolsUnder(code === null ? orgTree.value : findOrg(orgTree.value, code)),
    /** Whether `code` is a school (the tree's word; while it loads, school codes have 10 digits). */
    isSchool: (code: string | null | undefined) => {
      if (!code) return false;
      const node = findOrg(orgTree.value, code);
      return node ? node.level === 'school' : /^\d{10}$/.test(code);
    },
    loaded: computed(() => orgTree.value !== null),
  };
}
