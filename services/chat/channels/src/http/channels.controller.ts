import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type {
  ChannelCreated,
  ChannelList,
  ChannelView,
  FeedPage,
  PostCreated,
  PostsPage,
  SubscriptionView,
} from '../contracts/channels.dto';
import { channelsRoutes } from '../contracts/channels.routes';
import { ChannelsService } from './channels.service';
import { SubscriptionsService } from './subscriptions.service';

type In<K extends RouteKey<typeof channelsRoutes>> = InputOf<typeof channelsRoutes, K>;
const SUBSCRIPTION = '/api/chat/channels/:id/subscription';
const POSTS = '/api/chat/channels/:id/posts';

/** Channels, posts, subscriptions and the feed. */
@Controller()
export class ChannelsController {
  constructor(
    private readonly channels: ChannelsService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Endpoint(channelsRoutes, 'POST /api/chat/channels')
  create(@Input() { body }: In<'POST /api/chat/channels'>, @CurrentUser() user: AuthUser): Promise<ChannelCreated> {
    return this.channels.create(user, body);
  }

  @Endpoint(channelsRoutes, 'GET /api/chat/channels')
  list(@Input() { query }: In<'GET /api/chat/channels'>, @CurrentUser() user: AuthUser): Promise<ChannelList> {
    return this.channels.list(user, query);
  }

  @Endpoint(channelsRoutes, 'GET /api/chat/channels/:id')
  detail(@Input() { params }: In<'GET /api/chat/channels/:id'>, @CurrentUser() user: AuthUser): Promise<ChannelView> {
    return this.channels.detail(user, params.id);
  }

  @Endpoint(channelsRoutes, `POST ${POSTS}`)
  publish(@Input() { params, body }: In<`POST ${typeof POSTS}`>, @CurrentUser() user: AuthUser): Promise<PostCreated> {
    return this.channels.publish(user, params.id, body.text);
  }

  @Endpoint(channelsRoutes, `GET ${POSTS}`)
  posts(@Input() { params, query }: In<`GET ${typeof POSTS}`>, @CurrentUser() user: AuthUser): Promise<PostsPage> {
    return this.channels.posts(user, params.id, query);
  }

  @Endpoint(channelsRoutes, `PUT ${SUBSCRIPTION}`)
  subscribe(
    @Input() { params, body }: In<`PUT ${typeof SUBSCRIPTION}`>,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriptionView> {
    return this.subscriptions.subscribe(user, params.id, body);
  }

  @Endpoint(channelsRoutes, `DELETE ${SUBSCRIPTION}`)
  unsubscribe(@Input() { params }: In<`DELETE ${typeof SUBSCRIPTION}`>, @CurrentUser() user: AuthUser): Promise<void> {
    return this.subscriptions.unsubscribe(user, params.id);
  }

  @Endpoint(channelsRoutes, 'GET /api/chat/feed')
  feed(@Input() { query }: In<'GET /api/chat/feed'>, @CurrentUser() user: AuthUser): Promise<FeedPage> {
    return this.channels.feed(user, query);
  }

  @Endpoint(channelsRoutes, 'POST /api/chat/feed/seen')
  seen(@Input() { body }: In<'POST /api/chat/feed/seen'>, @CurrentUser() user: AuthUser): Promise<void> {
    return this.channels.seen(user, body.upTo);
  }
}
