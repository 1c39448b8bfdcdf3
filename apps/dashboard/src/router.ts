import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

/**
 * Every screen of the dashboard. Views are loaded on demand so the guard's console (the first
 * screen) stays small. Paths are part of the product: operators bookmark them and the user guide
 * links them.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/console' },
  { path: '/console', name: 'console', component: () => import('./views/console/ConsoleView.vue') },
  { path: '/alerts/:id', name: 'alert', component: () => import('./views/alerts/AlertDetailView.vue'), props: true },
  { path: '/devices', name: 'devices', component: () => import('./views/devices/DevicesView.vue') },
  { path: '/risk-map', name: 'risk-map', component: () => import('./views/devices/RiskMapView.vue') },
  { path: '/hazards', name: 'hazards', component: () => import('./views/hazards/HazardsView.vue') },
  { path: '/inspections', name: 'inspections', component: () => import('./views/inspections/InspectionsView.vue') },
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
  { path: '/reports', name: 'reports', component: () => import('./views/reports/ReportsView.vue') },
  { path: '/audit', name: 'audit', component: () => import('./views/audit/AuditView.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/console' },
];

export const router = createRouter({ history: createWebHistory(), routes });
