import { parse } from 'yaml';
import { sitesYaml, type SitesSpec } from '@campus/test-kit';
import type { SitesDocument } from '../registry/registry-store';
import { ALERTING_SITES } from './alerting-http.fixture';

/** A sites document (the registry's JSON form of a sites file): by default the alerting test sites. */
export function registryDocument(spec: SitesSpec = ALERTING_SITES): SitesDocument {
  return parse(sitesYaml(spec)) as SitesDocument;
}
