import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { homePath, isReporterOnly, STAFF_HOME } from './stores/staff-home';

/**
 * Every screen of the dashboard. Views are loaded on demand so the guard's console (the first
 * screen) stays small. Paths are part of the product: operators bookmark them and the user guide
 * links them.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: () => homePath() },
  { path: '/overview', name: 'overview', component: () => import('./views/overview/OverviewView.vue') },
  { path: '/console', name: 'console', component: () => import('./views/console/ConsoleView.vue') },
  {
    path: '/alerts/:id',
    name: 'alert',
    component: () => import('./views/alerts/AlertDetailView.vue'),
    props: true,
  },
  {
    path: '/alerts/:id/report',
    name: 'incident-report',
    component: () => import('./views/alerts/IncidentReportView.vue'),
    props: true,
    meta: { bare: true },
  },
  { path: '/devices', name: 'devices', component: () => import('./views/devices/DevicesView.vue') },
  {
    path: '/registry/devices',
    name: 'device-registry',
    component: () => import('./views/registry/DeviceRegistryView.vue'),
  },
  {
    path: '/registry/orgs',
    name: 'org-registry',
    component: () => import('./views/registry/OrgRegistryView.vue'),
  },
  {
    path: '/registry/contacts',
    name: 'contacts',
    component: () => import('./views/registry/ContactsView.vue'),
  },
  { path: '/registry/users', name: 'users', component: () => import('./views/registry/UsersView.vue') },
  {
    path: '/registry/rules',
    name: 'rules',
    component: () => import('./views/rules/RulesView.vue'),
  },
  { path: '/risk-map', name: 'risk-map', component: () => import('./views/devices/RiskMapView.vue') },
  { path: '/hazards', name: 'hazards', component: () => import('./views/hazards/HazardsView.vue') },
  {
    path: '/inspections',
    name: 'inspections',
    component: () => import('./views/inspections/InspectionsView.vue'),
  },
  {
    path: '/inspections/:id',
    name: 'inspection',
    component: () => import('./views/inspections/InspectionView.vue'),
    props: true,
  },
  {
    path: '/inspections/:id/report',
    name: 'inspection-report',
    component: () => import('./views/inspections/InspectionReportView.vue'),
    props: true,
    meta: { bare: true },
  },
  { path: '/report', name: 'report', component: () => import('./views/hazard-reports/ReportHazardView.vue') },
  {
    path: '/hazard-reports',
    name: 'hazard-reports',
    component: () => import('./views/hazard-reports/HazardReportsView.vue'),
  },
  {
    path: '/hazard-reports/poster',
    name: 'report-poster',
    component: () => import('./views/public/ReportPosterView.vue'),
    meta: { bare: true },
  },
  // 人人参与 for everyone: no account (App.vue shows `meta.public` routes without the login form)
  {
    path: '/p/:code',
    name: 'public-report',
    component: () => import('./views/public/PublicReportView.vue'),
    props: true,
    meta: { public: true },
  },
  {
    path: '/p/:code/r/:id',
    name: 'public-follow',
    component: () => import('./views/public/PublicFollowView.vue'),
    props: true,
    meta: { public: true },
  },
  // a dispatched person's phone page (应急预案): no account, the link's token is the key
  {
    path: '/r/:token',
    name: 'responder',
    component: () => import('./views/public/ResponderView.vue'),
    props: true,
    meta: { public: true },
  },
  { path: '/reports', name: 'reports', component: () => import('./views/reports/ReportsView.vue') },
  { path: '/audit', name: 'audit', component: () => import('./views/audit/AuditView.vue') },
  {
    path: '/roll-calls',
    name: 'roll-calls',
    component: () => import('./views/roll-calls/RollCallsView.vue'),
  },
  { path: '/:pathMatch(.*)*', redirect: () => homePath() },
];

export const router = createRouter({ history: createWebHistory(), routes });

// A `school_staff` user lands on the reporting page from any address (the others would answer 403).
router.beforeEach((to) =>
  isReporterOnly() && to.path !== STAFF_HOME && to.meta.public !== true ? STAFF_HOME : true,
);
