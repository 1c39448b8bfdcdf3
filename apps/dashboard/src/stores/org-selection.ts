import { computed, ref, watch } from 'vue';
import { user } from '../api/http';
import { getOrgTree, type OrgNode } from '../api/orgs';
import { findOrg, inOrg, orgPath, schoolsUnder, type OrgChain } from './org-tree';

/**
 * The org unit picked in the shell's org tree, which the console and the other screens filter by.
 * `selectedOrg` is its code; null means the user's whole scope (the tree's root). Kept per tab
 * (sessionStorage) so a reload keeps the filter, and cleared when another user signs in.
 */
const KEY = 'campus.selectedOrg';

export const orgTree = ref<OrgNode | null>(null);
export const orgTreeError = ref<string | null>(null);
export const selectedOrg = ref<string | null>(sessionStorage.getItem(KEY));

/** The selected node (the root when nothing is selected), or null while the tree is not loaded. */
export const selectedOrgNode = computed<OrgNode | null>(() =>
  selectedOrg.value === null ? orgTree.value : findOrg(orgTree.value, selectedOrg.value),
);
/** The selected unit's name for headings ("雁塔区"), or null for the whole scope. */
export const selectedOrgName = computed(() =>
  selectedOrg.value === null ? null : (selectedOrgNode.value?.name ?? selectedOrg.value),
);

export function selectOrg(code: string | null): void {
  // Choosing the root is choosing everything: keep one way of saying "no filter".
  const value = code === null || code === orgTree.value?.code ? null : code;
  selectedOrg.value = value;
  if (value === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, value);
}

/** Whether a record (alert, device, hazard …) lies in the selected unit. */
export const inSelectedOrg = (record: OrgChain): boolean => inOrg(selectedOrg.value, record);

/** The name of any unit in the user's tree, or the code itself when unknown. */
export const orgName = (code: string | null | undefined): string =>
  code ? (findOrg(orgTree.value, code)?.name ?? code) : '';

/** The schools of the selected unit (all schools of the scope when nothing is selected). */
export const schoolsOfSelection = computed(() => schoolsUnder(selectedOrgNode.value));
/** Root … selected unit, for breadcrumbs. */
export const selectedOrgPath = computed(() =>
  selectedOrg.value === null
    ? orgTree.value
      ? [orgTree.value]
      : []
    : orgPath(orgTree.value, selectedOrg.value),
);

let loading: Promise<void> | null = null;
let loadedFor: string | null = null;

/** Loads the user's org tree once per session (again after a failure or another login). */
export function loadOrgTree(): Promise<void> {
  const who = user.value?.username ?? null;
  if (loading && loadedFor === who) return loading;
  loadedFor = who;
  orgTreeError.value = null;
  loading = getOrgTree()
    .then((root) => {
      orgTree.value = root;
      // A stored selection from another session or outside this tree: back to the whole scope.
      if (selectedOrg.value !== null && findOrg(root, selectedOrg.value) === null) selectOrg(null);
    })
    .catch((err: unknown) => {
      orgTreeError.value = err instanceof Error ? err.message : String(err);
      loading = null;
    });
  return loading;
}

// Another user (or none): forget the tree and the selection of the previous one.
watch(
  () => user.value?.username ?? null,
  (now, before) => {
    if (now === before) return;
    orgTree.value = null;
    loading = null;
    loadedFor = null;
    if (before !== undefined) selectOrg(null);
  },
);

/** Loads the tree again (after the 组织机构 screen changed it: every screen's names follow). */
export function reloadOrgTree(): Promise<void> {
  loading = null;
  loadedFor = null;
  return loadOrgTree();
}
