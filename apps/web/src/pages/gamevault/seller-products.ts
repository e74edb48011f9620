import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** A seller's products, newest first, by pages: the catalog's search with `seller` (its cache, its invalidation). */
export function useSellerProducts(sellerId: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['gamevault-products', 'seller', sellerId, page, pageSize],
    enabled: sellerId !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/products', {
        params: { query: { seller: sellerId, sort: 'newest', page, pageSize } },
      });
      if (error) throw error;
      return data;
    },
  });
}
