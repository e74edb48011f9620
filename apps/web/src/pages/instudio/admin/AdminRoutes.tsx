import { lazy } from 'react';
import { Route, Routes } from 'react-router';

// Each section is its own chunk, as the app's other pages (the build checks each against the budget).
const MySalons = lazy(() => import('./MySalons'));
const Profile = lazy(() => import('./Profile'));
const Services = lazy(() => import('./Services'));
const Stylists = lazy(() => import('./Stylists'));
const Hours = lazy(() => import('./Hours'));
const Promotions = lazy(() => import('./Promotions'));
const Calendar = lazy(() => import('./Calendar'));
const Reviews = lazy(() => import('./Reviews'));
const NotFound = lazy(() => import('../../NotFound'));

/** The salon admin's pages under /instudio/admin: my salons, then each salon's sections. */
export default function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<MySalons />} />
      <Route path="salons/:id" element={<Profile />} />
      <Route path="salons/:id/services" element={<Services />} />
      <Route path="salons/:id/stylists" element={<Stylists />} />
      <Route path="salons/:id/hours" element={<Hours />} />
      <Route path="salons/:id/promotions" element={<Promotions />} />
      <Route path="salons/:id/calendar" element={<Calendar />} />
      <Route path="salons/:id/reviews" element={<Reviews />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
