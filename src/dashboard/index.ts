/** The operator's dashboard: mount `dashboardRoutes(app)` behind `dashboardAuth(token)`. */
export { dashboardRoutes } from './routes.js';
export { dashboardAuth } from './auth.js';
