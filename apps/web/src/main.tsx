import '@mantine/core/styles.css';
import './app.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import './i18n';
import { Shell } from './shell/Shell';

// Each page is its own chunk: a page's initial JavaScript is the shell plus that page (the
// build checks it against the budget).
const Home = lazy(() => import('./pages/Home'));
const SignIn = lazy(() => import('./pages/access/SignIn'));
const Register = lazy(() => import('./pages/access/Register'));
const ForgotPassword = lazy(() => import('./pages/access/ForgotPassword'));
const ResetPassword = lazy(() => import('./pages/access/ResetPassword'));
const Account = lazy(() => import('./pages/access/Account'));
const Catalog = lazy(() => import('./pages/musicfest/Catalog'));
const EventPage = lazy(() => import('./pages/musicfest/EventPage'));
const PurchasePage = lazy(() => import('./pages/musicfest/PurchasePage'));
const MyTickets = lazy(() => import('./pages/musicfest/MyTickets'));
const Salons = lazy(() => import('./pages/instudio/Salons'));
const SalonPage = lazy(() => import('./pages/instudio/SalonPage'));
const OpsRegistry = lazy(() => import('./pages/ops/Registry'));
const OpsSagas = lazy(() => import('./pages/ops/Sagas'));
const OpsSaga = lazy(() => import('./pages/ops/SagaPage'));
const OpsDeadLetters = lazy(() => import('./pages/ops/DeadLetters'));
const OpsAlerts = lazy(() => import('./pages/ops/Alerts'));
const OpsTraffic = lazy(() => import('./pages/ops/Traffic'));
const BookPage = lazy(() => import('./pages/instudio/BookPage'));
const BookingPage = lazy(() => import('./pages/instudio/BookingPage'));
const MyBookings = lazy(() => import('./pages/instudio/MyBookings'));
const Analytics = lazy(() => import('./pages/analytics/Analytics'));
const ManagerEvents = lazy(() => import('./pages/musicfest/manage/ManagerEvents'));
const EventEditor = lazy(() => import('./pages/musicfest/manage/EventEditor'));
const EventDashboard = lazy(() => import('./pages/musicfest/manage/EventDashboard'));
const SalonAdmin = lazy(() => import('./pages/instudio/admin/AdminRoutes'));
const GameVaultCatalog = lazy(() => import('./pages/gamevault/Catalog'));
const GameVaultProduct = lazy(() => import('./pages/gamevault/ProductPage'));
const GameVaultCart = lazy(() => import('./pages/gamevault/CartPage'));
const GameVaultCheckout = lazy(() => import('./pages/gamevault/Checkout'));
const GameVaultOrders = lazy(() => import('./pages/gamevault/MyOrders'));
const GameVaultOrder = lazy(() => import('./pages/gamevault/OrderPage'));
const ChatConversations = lazy(() => import('./pages/chat/Conversations'));
const ChatConversation = lazy(() => import('./pages/chat/ConversationPage'));
const ChatSearch = lazy(() => import('./pages/chat/Search'));
const ChatChannels = lazy(() => import('./pages/chat/Channels'));
const ChatAdvertising = lazy(() => import('./pages/chat/Advertising'));
const GameVaultModeration = lazy(() => import('./pages/gamevault/Moderation'));
const GameVaultForums = lazy(() => import('./pages/gamevault/Forums'));
const GameVaultThread = lazy(() => import('./pages/gamevault/ForumThread'));
const GameVaultSeller = lazy(() => import('./pages/gamevault/SellerProducts'));
const GameVaultSelling = lazy(() => import('./pages/gamevault/Selling'));
const GameVaultProductEditor = lazy(() => import('./pages/gamevault/ProductEditor'));
const NotFound = lazy(() => import('./pages/NotFound'));

const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } });
// Shade 8: links and buttons meet WCAG AA contrast on white (axe-core checks it in the tests).
const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8, defaultRadius: 'md' });
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queries}>
        <BrowserRouter>
          <Routes>
            <Route path="/" element={<Shell />}>
              <Route index element={<Home />} />
              <Route path="sign-in" element={<SignIn />} />
              <Route path="register" element={<Register />} />
              <Route path="forgot-password" element={<ForgotPassword />} />
              {/* The emailed link (identity's password-reset.service.ts) lands here. */}
              <Route path="reset-password" element={<ResetPassword />} />
              <Route path="account" element={<Account />} />
              <Route path="musicfest/events" element={<Catalog />} />
              <Route path="musicfest/events/:id" element={<EventPage />} />
              <Route path="musicfest/purchases/:id" element={<PurchasePage />} />
              <Route path="musicfest/tickets" element={<MyTickets />} />
              <Route path="instudio/salons" element={<Salons />} />
              <Route path="instudio/salons/:id" element={<SalonPage />} />
              <Route path="ops" element={<OpsRegistry />} />
              <Route path="ops/sagas" element={<OpsSagas />} />
              <Route path="ops/sagas/:id" element={<OpsSaga />} />
              <Route path="ops/dead-letters" element={<OpsDeadLetters />} />
              <Route path="ops/alerts" element={<OpsAlerts />} />
              <Route path="ops/traffic" element={<OpsTraffic />} />
              <Route path="instudio/salons/:id/book" element={<BookPage />} />
              <Route path="instudio/bookings" element={<MyBookings />} />
              <Route path="instudio/bookings/:id" element={<BookingPage />} />
              <Route path="analytics/:system?" element={<Analytics />} />
              <Route path="musicfest/manage" element={<ManagerEvents />} />
              <Route path="musicfest/manage/new" element={<EventEditor />} />
              <Route path="musicfest/manage/:id/edit" element={<EventEditor />} />
              <Route path="musicfest/manage/:id" element={<EventDashboard />} />
              <Route path="instudio/admin/*" element={<SalonAdmin />} />
              <Route path="gamevault" element={<GameVaultCatalog />} />
              <Route path="gamevault/products/:id" element={<GameVaultProduct />} />
              <Route path="gamevault/cart" element={<GameVaultCart />} />
              <Route path="gamevault/checkout" element={<GameVaultCheckout />} />
              <Route path="gamevault/moderation" element={<GameVaultModeration />} />
              <Route path="gamevault/forums" element={<GameVaultForums />} />
              <Route path="gamevault/forums/:id" element={<GameVaultThread />} />
              <Route path="gamevault/sellers/:id" element={<GameVaultSeller />} />
              <Route path="gamevault/selling" element={<GameVaultSelling />} />
              <Route path="gamevault/selling/new" element={<GameVaultProductEditor />} />
              <Route path="gamevault/selling/:id/edit" element={<GameVaultProductEditor />} />
              <Route path="gamevault/orders" element={<GameVaultOrders />} />
              <Route path="gamevault/orders/:id" element={<GameVaultOrder />} />
              <Route path="chat" element={<ChatConversations />} />
              <Route path="chat/search" element={<ChatSearch />} />
              <Route path="chat/channels" element={<ChatChannels />} />
              <Route path="chat/ads" element={<ChatAdvertising />} />
              <Route path="chat/:id" element={<ChatConversation />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
